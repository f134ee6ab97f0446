<?php

declare(strict_types=1);

use Engagespot\EngagespotClient;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/EngagespotClientTest.php';

/**
 * Which backend mints, how the fallback is announced, and how
 * ENGAGESPOT_TOKEN_BACKEND forces or forbids it. scripts/test-php runs the
 * suite twice and says which backend each run must get in
 * ENGAGESPOT_TOKEN_TEST_BACKEND.
 */
final class BackendTest extends TestCase
{
    /** Runs PHP code in a child process with extra -d settings and environment; returns [status, stdout, stderr]. */
    private static function php(string $code, array $ini = [], array $env = []): array
    {
        $args = [PHP_BINARY];
        foreach ($ini as $key => $value) {
            array_push($args, '-d', "$key=$value");
        }
        array_push($args, '-r', 'require ' . var_export(__DIR__ . '/bootstrap.php', true) . '; ' . $code);
        $process = proc_open($args, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env + getenv());
        [$out, $err] = [stream_get_contents($pipes[1]), stream_get_contents($pipes[2])];
        return [proc_close($process), $out, $err];
    }

    private const MINT_THREE = '$key = file_get_contents(' . "__DIR__ . '/../../tests/keys/rsa2048.pkcs8.pem'" . ');'
        . ' for ($i = 0; $i < 3; $i++) { echo (new Engagespot\EngagespotClient(["apiKey" => "k", "signingKey" => $key]))'
        . '->generateUserToken("u$i"), "\n"; } echo Engagespot\EngagespotClient::backend();';

    public function testTheBackendIsTheOneThisRunAskedFor(): void
    {
        $expected = getenv('ENGAGESPOT_TOKEN_TEST_BACKEND') ?: 'ffi';
        self::assertSame($expected, EngagespotClient::backend());
        if ($expected === 'openssl') {
            // The fallback run must really be without FFI, not FFI switched off by our own variable.
            self::assertFalse(extension_loaded('ffi'), 'ext-ffi is loaded in the run without FFI');
            self::assertFalse(class_exists('FFI', false));
            self::assertFalse(getenv('ENGAGESPOT_TOKEN_BACKEND'));
        }
    }

    public function testTheFallbackServesTokensAndIsAnnouncedOnceInTheErrorLog(): void
    {
        [$status, $out, $err] = self::php(self::MINT_THREE, ['ffi.enable' => '0', 'error_log' => '', 'log_errors' => '1']);
        self::assertSame(0, $status, $err);
        $lines = explode("\n", $out);
        self::assertSame('openssl', $lines[3]);
        for ($i = 0; $i < 3; $i++) {
            self::assertSame("user:u$i", EngagespotClientTest::verify($lines[$i])[1]['sub']);
        }
        self::assertSame(1, substr_count($err, 'ext-openssl fallback'), $err);
        self::assertMatchesRegularExpression('/ffi\.enable=0 forbids FFI|FFI extension is not loaded/', $err, 'the announcement says what stops FFI');
        self::assertStringContainsString('README', $err, 'the announcement points at the preload recipe');
    }

    /** The words are Node's too (bindings/node/test/backend.test.js): one shell can set one value for both. */
    public static function fallbackWords(): array
    {
        return [['fallback'], ['openssl'], ['wasm']];
    }

    /** @dataProvider fallbackWords */
    public function testForcingTheFallbackIsNotAnnounced(string $word): void
    {
        [$status, $out, $err] = self::php(self::MINT_THREE, ['log_errors' => '1'], ['ENGAGESPOT_TOKEN_BACKEND' => $word]);
        self::assertSame(0, $status, $err);
        self::assertStringEndsWith('openssl', $out);
        self::assertSame('', $err);
    }

    public static function nativeWords(): array
    {
        return [['native'], ['ffi']];
    }

    /** @dataProvider nativeWords */
    public function testBackendNativeTurnsTheFallbackIntoAnError(string $word): void
    {
        $code = 'try { new Engagespot\EngagespotClient(["apiKey" => "k", "signingKey" => "x"]); }'
            . ' catch (Engagespot\Exception\LibraryException $e) { echo $e->getErrorName(), "|", $e->getCode(), "|", $e->getMessage(); }';
        [$status, $out, $err] = self::php($code, ['ffi.enable' => '0'], ['ENGAGESPOT_TOKEN_BACKEND' => $word]);
        self::assertSame(0, $status, $err);
        [$name, $code, $message] = explode('|', $out, 3);
        self::assertSame(['ERR_ENGAGESPOT_TOKEN_LOAD', '0'], [$name, $code]);
        self::assertStringContainsString("ENGAGESPOT_TOKEN_BACKEND=$word forbids the ext-openssl fallback", $message);
        self::assertStringNotContainsString('ext-openssl fallback', $err, 'nothing announced: no fallback was taken');
    }

    public function testAnUnknownBackendIsALoadErrorThatNamesTheAcceptedWords(): void
    {
        $code = 'try { Engagespot\EngagespotClient::backend(); } catch (Engagespot\Exception\LibraryException $e) { echo $e->getErrorName(), "|", $e->getMessage(); }';
        [$status, $out, $err] = self::php($code, [], ['ENGAGESPOT_TOKEN_BACKEND' => 'sodium']);
        self::assertSame(0, $status, $err);
        // The core's wording (src/environment.rs), as Node gives it too.
        self::assertStringStartsWith('ERR_ENGAGESPOT_TOKEN_LOAD|engagespot-token: ENGAGESPOT_TOKEN_BACKEND is "sodium": set it to native (the native core) or fallback', $out);
        self::assertStringContainsString('also accepted: ffi for native, wasm for fallback, openssl for fallback', $out);
    }
}
