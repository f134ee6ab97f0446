<?php

declare(strict_types=1);

use Engagespot\EngagespotClient;
use Engagespot\Exception\EngagespotTokenException;
use Engagespot\OpensslBackend;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/EngagespotClientTest.php';

/**
 * A key's numbers, and the ways a rejected key could get out: the fallback's
 * checks give aws-lc's verdict with every arithmetic it can use; no backend
 * returns a token its key's public half does not verify; no key number is in
 * the trace of a rejected key; a `file://` key never blocks. The keys of
 * tests/keys/numbers are rsa2048 with one number changed (generate.py there);
 * the verdicts below are aws-lc's (RSA_check_key), written by hand.
 */
final class KeyNumbersTest extends TestCase
{
    private const KEYS = __DIR__ . '/../../../tests/keys';

    /**
     * The keys whose numbers fit together as RSA_check_key requires. aws-lc
     * does not test primality: p-composite passes, and its signatures are
     * wrong: the core's probe signature refuses it when the client is made,
     * the fallback at every mint (testAKeyWithACompositePrimeNeverReturnsAToken).
     */
    private const SOUND = ['d-unreduced', 'primes-and-crt-swapped', 'p-composite'];

    /** The eight numbers of a PKCS#1 RSAPrivateKey, by openssl's names, read from its DER here (not by the code under test). */
    private static function numbers(string $pemFile): array
    {
        $pem = file_get_contents($pemFile);
        $der = base64_decode(implode('', array_filter(explode("\n", $pem), static fn ($l) => $l !== '' && !str_starts_with($l, '-----'))));
        $at = 0;
        $next = static function () use ($der, &$at): array {
            [$tag, $length] = [ord($der[$at]), ord($der[$at + 1])];
            $at += 2;
            if ($length & 0x80) {
                [$bytes, $length] = [$length & 0x7f, (int) hexdec(bin2hex(substr($der, $at, $length & 0x7f)))];
                $at += $bytes;
            }
            return [$tag, $length];
        };
        $next(); // the SEQUENCE
        $values = [];
        for ($i = 0; $i < 9; $i++) {
            [, $length] = $next();
            $values[] = substr($der, $at, $length);
            $at += $length;
        }
        return array_combine(['n', 'e', 'd', 'p', 'q', 'dmp1', 'dmq1', 'iqmp'], array_slice($values, 1));
    }

    /** @return list<string> the arithmetics this process can run: PHP integers always, GMP where loaded */
    private static function arithmetics(): array
    {
        return extension_loaded('gmp') ? ['gmp', 'php'] : ['php'];
    }

    /** @return array<string, array{string, bool}> */
    public static function keys(): array
    {
        $keys = [];
        foreach (glob(self::KEYS . '/numbers/*.pem') as $file) {
            $keys[basename($file, '.pem')] = [$file, in_array(basename($file, '.pem'), self::SOUND, true)];
        }
        foreach (['rsa2048', 'rsa3072', 'rsa4096'] as $name) {
            $keys[$name] = [self::KEYS . "/$name.pkcs1.pem", true];
        }
        return $keys;
    }

    public function testThisRunUsesTheArithmeticItAskedFor(): void
    {
        $wanted = getenv('ENGAGESPOT_TOKEN_TEST_ARITHMETIC');
        if ($wanted === false) {
            self::assertContains(OpensslBackend::arithmetic(), ['gmp', 'php']);
            return;
        }
        self::assertSame($wanted, OpensslBackend::arithmetic());
    }

    /** @dataProvider keys */
    public function testEveryArithmeticGivesAwsLcsVerdict(string $file, bool $sound): void
    {
        foreach (self::arithmetics() as $arithmetic) {
            self::assertSame($sound, OpensslBackend::numbersHold(self::numbers($file), $arithmetic), $arithmetic);
        }
    }

    /** @dataProvider keys */
    public function testTheClientGetsTheVerdict(string $file, bool $sound): void
    {
        // The one sound-numbered key the core refuses anyway: by its probe signature (see below).
        $composite = basename($file) === 'p-composite.pem';
        $sound = $sound && !($composite && EngagespotClient::backend() === 'ffi');
        try {
            $client = new EngagespotClient(['apiKey' => 'k', 'signingKey' => file_get_contents($file)]);
        } catch (EngagespotTokenException $e) {
            self::assertFalse($sound, $e->getMessage());
            self::assertSame('ES_KEY_MALFORMED', $e->getErrorName());
            self::assertStringContainsString('its numbers are inconsistent or corrupt', $e->getMessage());
            return;
        }
        self::assertTrue($sound, 'the key was accepted');
        if (!$composite) {
            // Every sound key here has the modulus and exponent of the test key it was made from.
            $publicKey = preg_replace('/^(rsa\d+)\..*$/', '$1', basename($file)) . '.pub.pem';
            EngagespotClientTest::verify($client->generateUserToken('alice'), str_starts_with($publicKey, 'rsa') ? $publicKey : 'rsa2048.pub.pem');
        }
    }

    public function testTheModularPowerAgreesInEveryArithmetic(): void
    {
        $key = openssl_pkey_get_private(file_get_contents(self::KEYS . '/rsa2048.pkcs8.pem'));
        $rsa = openssl_pkey_get_details($key)['rsa'];
        self::assertTrue(openssl_sign('message', $signature, $key, OPENSSL_ALGO_SHA256));
        // RFC 8017, 9.2: 0x00 0x01, 0xff…, 0x00, DigestInfo(SHA-256), the hash; without its leading zero byte.
        $digestInfo = hex2bin('3031300d060960864801650304020105000420');
        $block = "\1" . str_repeat("\xff", 256 - 3 - 19 - 32) . "\0" . $digestInfo . hash('sha256', 'message', true);
        $arithmetics = extension_loaded('gmp') ? ['gmp', 'openssl', 'php'] : ['openssl', 'php'];
        foreach ($arithmetics as $arithmetic) {
            self::assertSame(bin2hex($block), bin2hex(OpensslBackend::publicPower($signature, $rsa['e'], $rsa['n'], $arithmetic)), $arithmetic);
        }
        // And small numbers: 3^5 mod 7 = 5, 10^3 mod 9 = 1.
        foreach ($arithmetics === ['openssl', 'php'] ? ['php'] : ['gmp', 'php'] as $arithmetic) {
            self::assertSame("\5", OpensslBackend::publicPower("\3", "\5", "\7", $arithmetic), $arithmetic);
            self::assertSame("\1", OpensslBackend::publicPower("\x0a", "\3", "\x09", $arithmetic), $arithmetic);
        }
    }

    public function testAKeyWithACompositePrimeNeverReturnsAToken(): void
    {
        // Its numbers pass every check (aws-lc's too) and its signatures do not verify: an error, on every backend.
        // The core signs and verifies a probe when it parses the key (a pairwise-consistency test) and refuses the
        // client; the fallback, which cannot pay a signature per php-fpm request for it, refuses every mint with
        // the same error, its first signature being the probe (docs/php-fallback.md).
        $config = ['apiKey' => 'k', 'signingKey' => file_get_contents(self::KEYS . '/numbers/p-composite.pem')];
        if (EngagespotClient::backend() === 'ffi') {
            try {
                new EngagespotClient($config);
                self::fail('the client was created');
            } catch (EngagespotTokenException $e) {
                self::assertSame('ES_KEY_MALFORMED', $e->getErrorName());
                self::assertStringContainsString('its numbers are inconsistent or corrupt', $e->getMessage());
            }
            return;
        }
        $client = new EngagespotClient($config);
        foreach (['alice', 'bob'] as $identifier) {
            try {
                $token = $client->generateUserToken($identifier, ['issuedAt' => 1700000000]);
                self::fail("a token was returned: $token");
            } catch (EngagespotTokenException $e) {
                // The core's verdict on the key, at the first mint and every one after it.
                self::assertSame('ES_KEY_MALFORMED', $e->getErrorName());
                self::assertStringContainsString('its numbers are inconsistent or corrupt', $e->getMessage());
            }
        }
    }

    /** Real keys that the core refuses, each for a reason of its own, and refused key numbers. @return array<string, array{string}> */
    public static function refusedKeys(): array
    {
        return [
            '1024 bits' => ['rsa1024.pkcs8.pem'],
            'three primes' => ['rsa2048.3prime.pkcs8.pem'],
            '65-bit exponent' => ['rsa2048.e65bit.pkcs8.pem'],
            '8200 bits' => ['rsa8200.pkcs8.pem'],
            'corrupt d' => ['numbers/d-plus-one.pem'],
            'qInv not reduced' => ['numbers/qi-plus-p.pem'],
        ];
    }

    /**
     * With zend.exception_ignore_args off (the default under `php -n` and in
     * the official Docker images without a php.ini), every frame's arguments
     * are in the trace: none may be key material. In a child process, whose
     * trace holds only the client's frames, dumped whole with print_r.
     *
     * @dataProvider refusedKeys
     */
    public function testARefusedKeyLeavesNoKeyNumberInTheTrace(string $name): void
    {
        $pem = file_get_contents(self::KEYS . "/$name");
        $secrets = [explode("\n", $pem)[2]]; // a line of the PEM body
        foreach (['d', 'p', 'q', 'dmp1', 'dmq1', 'iqmp'] as $number) {
            $middle = substr(openssl_pkey_get_details(openssl_pkey_get_private($pem))['rsa'][$number], 8, 16);
            array_push($secrets, $middle, bin2hex($middle), base64_encode($middle));
        }
        foreach (['text' => 'file_get_contents($file)', 'file URI' => '"file://$file"'] as $form => $input) {
            $code = 'require ' . var_export(__DIR__ . '/bootstrap.php', true) . '; $file = ' . var_export(realpath(self::KEYS . "/$name"), true) . ';'
                . "try { new Engagespot\\EngagespotClient(['apiKey' => 'k', 'signingKey' => $input]); echo 'accepted'; }"
                . ' catch (Engagespot\\Exception\\EngagespotTokenException $e) { print_r($e); echo $e->getTraceAsString(); }';
            $process = proc_open([PHP_BINARY, '-d', 'zend.exception_ignore_args=0', '-r', $code], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            [$dump, $err] = [stream_get_contents($pipes[1]), stream_get_contents($pipes[2])];
            self::assertSame(0, proc_close($process), $err);
            self::assertStringContainsString('[args] => Array', $dump, "$form: the trace holds no arguments");
            self::assertStringContainsString('SensitiveParameterValue', $dump, "$form: no argument is marked sensitive");
            foreach ($secrets as $secret) {
                self::assertStringNotContainsString($secret, $dump, "$form: key material of $name in the trace");
            }
        }
    }

    /**
     * A `file://` key is read from the file opened, never from a path
     * checked before: here PHP's stat cache still says "regular file" when
     * the path has become a FIFO, which a blocking open would wait on for a
     * writer forever. Played in a child process, stopped if it hangs.
     */
    public function testAFileSwappedForAFifoAfterACheckDoesNotBlock(): void
    {
        $dir = sys_get_temp_dir() . '/engagespot-fifo-' . getmypid();
        @mkdir($dir);
        $path = "$dir/key.pem";
        copy(self::KEYS . '/rsa2048.pkcs8.pem', $path);
        $code = 'require ' . var_export(__DIR__ . '/bootstrap.php', true) . ';'
            . '$path = ' . var_export($path, true) . '; is_file($path);'
            . 'exec("rm -f " . escapeshellarg($path) . " && mkfifo " . escapeshellarg($path));'
            . 'try { new Engagespot\EngagespotClient(["apiKey" => "k", "signingKey" => "file://$path"]); echo "accepted"; }'
            . ' catch (Engagespot\Exception\EngagespotTokenException $e) { echo $e->getErrorName(), ": ", $e->getMessage(); }';
        $process = proc_open([PHP_BINARY, '-r', $code], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        for ($waited = 0; proc_get_status($process)['running'] && $waited < 200; $waited++) {
            usleep(100_000);
        }
        $running = proc_get_status($process)['running'];
        if ($running) {
            proc_terminate($process, 9);
        }
        [$out, $err] = [stream_get_contents($pipes[1]), stream_get_contents($pipes[2])];
        proc_close($process);
        @unlink($path);
        @rmdir($dir);
        self::assertFalse($running, 'the client waited on the FIFO (stopped after 20 s)');
        self::assertSame("ES_KEY_FILE_UNREADABLE: signing key file $path cannot be read: it is not a regular file", $out, $err);
    }
}
