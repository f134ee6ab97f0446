<?php

declare(strict_types=1);

use Engagespot\EngagespotClient;
use Engagespot\Exception\InvalidSigningKeyException;
use PHPUnit\Framework\TestCase;

/** The native handle under clone, re-construction and stack traces. */
final class HandleSafetyTest extends TestCase
{
    private static function pem(): string
    {
        return file_get_contents(__DIR__ . '/../../../tests/keys/rsa2048.pkcs8.pem');
    }

    private static function rssKiB(): int
    {
        preg_match('/^VmRSS:\s+(\d+) kB/m', file_get_contents('/proc/self/status'), $m);
        return (int) $m[1];
    }

    public function testACloneOutlivesItsOriginal(): void
    {
        // Each in a child process: a use-after-free or double free would crash it.
        $script = sprintf('require %s; $a = new Engagespot\EngagespotClient(["apiKey" => "k", "signingKey" => file_get_contents(%s)]);'
            . ' $b = clone $a; unset($a); $t = $b->generateUserToken("x"); unset($b); gc_collect_cycles(); echo $t;',
            var_export(__DIR__ . '/bootstrap.php', true), var_export(__DIR__ . '/../../../tests/keys/rsa2048.pkcs8.pem', true));
        exec(PHP_BINARY . ' -r ' . escapeshellarg($script) . ' 2>&1', $output, $status);
        self::assertSame(0, $status, implode("\n", $output));
        self::assertSame('user:x', EngagespotClientTest::verify($output[0])[1]['sub']);
    }

    public function testConstructingAgainReleasesThePreviousClient(): void
    {
        // A big API secret, which the client keeps (an API key is at most 256 bytes).
        $bigSecret = str_repeat('s', 200 * 1024);
        $client = new EngagespotClient(['apiKey' => 'k', 'apiSecret' => $bigSecret, 'signingKey' => self::pem()]);
        for ($i = 0; $i < 100; $i++) {
            $client->__construct(['apiKey' => 'k', 'apiSecret' => $bigSecret, 'signingKey' => self::pem()]);
        }
        $before = self::rssKiB();
        for ($i = 0; $i < 1000; $i++) {
            $client->__construct(['apiKey' => 'k', 'apiSecret' => $bigSecret, 'signingKey' => self::pem()]);
        }
        // A leaked client holds the 200 KiB secret: 1,000 leaks are about 195 MiB.
        self::assertLessThan(8 * 1024, self::rssKiB() - $before, 'RSS grew: re-construction leaks');
        self::assertSame('user:x', EngagespotClientTest::verify($client->generateUserToken('x'))[1]['sub']);
    }

    public function testStackTracesDoNotCarryTheKeyOrSecret(): void
    {
        ini_set('zend.exception_ignore_args', '0');
        $secret = 'the-very-secret-api-secret';
        $publicKey = file_get_contents(__DIR__ . '/../../../tests/keys/rsa2048.pub.pem');
        foreach ([fn () => new EngagespotClient(['apiKey' => 'k', 'apiSecret' => $secret, 'signingKey' => $publicKey]),
                  fn () => new EngagespotClient('k', $secret, null, $publicKey)] as $construct) {
            try {
                $construct();
                self::fail('expected a rejected key');
            } catch (InvalidSigningKeyException $e) {
                // The constructor's frame: its arguments are what a logged trace would show.
                $frames = array_filter($e->getTrace(), fn (array $f) => ($f['function'] ?? '') === '__construct');
                $arguments = print_r(array_column($frames, 'args'), true);
                self::assertStringNotContainsString($secret, $arguments);
                self::assertStringNotContainsString(explode("\n", $publicKey)[1], $arguments);
                self::assertStringContainsString('SensitiveParameterValue', $arguments);
            }
        }
    }
}
