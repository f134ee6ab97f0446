<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/EngagespotClientTest.php';

/**
 * The two backends, side by side: every input of tests/parity/cases.php gives
 * the same token bytes, or the same exception class, code, name and message,
 * through the native core (FFI) and through the ext-openssl fallback. The
 * core is the reference: this is how the fallback's hand-written message
 * details and its key classification are checked against it. Needs FFI, so
 * scripts/test-php runs it in the FFI run only (testsuite "backend-parity").
 */
final class BackendParityTest extends TestCase
{
    /**
     * Where the backends differ, and why (OpensslBackend.php's header and
     * docs/php-fallback.md list these): case => [native error, fallback error].
     * A key with a composite prime passes every check of its numbers (aws-lc's
     * too) and signs wrongly. The core signs and verifies a probe when it
     * parses the key and refuses it (ES_KEY_MALFORMED); the fallback cannot
     * afford that per php-fpm request and refuses every mint instead, after
     * checking the signature, with the same error (ES_KEY_MALFORMED). Neither
     * returns a token; they differ in when the error comes.
     */
    private const RESIDUALS = ['key: numbers p-composite.pem' => ['ES_KEY_MALFORMED', 'ES_KEY_MALFORMED']];

    /** @return array{backend: string, outcomes: array<string, list<mixed>>} */
    private static function play(string $backend): array
    {
        $process = proc_open([PHP_BINARY, __DIR__ . '/parity/run.php'], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes,
            null, ['ENGAGESPOT_TOKEN_BACKEND' => $backend] + getenv());
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        self::assertSame(0, proc_close($process), $err);
        return json_decode($out, true, flags: JSON_THROW_ON_ERROR);
    }

    public function testEveryCaseHasTheSameOutcomeOnBothBackends(): void
    {
        $native = self::play('ffi');
        $fallback = self::play('openssl');
        self::assertSame(['ffi', 'openssl'], [$native['backend'], $fallback['backend']]);
        self::assertSame(array_keys($native['outcomes']), array_keys($fallback['outcomes']));
        $tokens = 0;
        $differences = [];
        foreach ($native['outcomes'] as $case => $outcome) {
            if (isset(self::RESIDUALS[$case])) {
                [$nativeError, $fallbackError] = self::RESIDUALS[$case];
                self::assertSame(['error', $nativeError], [$outcome[0], $outcome[3]], $case);
                self::assertSame(['error', $fallbackError], [$fallback['outcomes'][$case][0], $fallback['outcomes'][$case][3]], $case);
                continue;
            }
            if ($outcome !== $fallback['outcomes'][$case]) {
                $differences[$case] = [$outcome, $fallback['outcomes'][$case]];
            }
            $tokens += $outcome[0] === 'token' ? 1 : 0;
        }
        self::assertSame([], $differences);
        // Both kinds of outcome are exercised, not only errors.
        self::assertGreaterThan(50, $tokens);
        self::assertGreaterThan(80, count($native['outcomes']) - $tokens);
    }
}
