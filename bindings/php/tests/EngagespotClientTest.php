<?php

declare(strict_types=1);

use Engagespot\EngagespotClient;
use Engagespot\Exception\EngagespotTokenException;
use Engagespot\Exception\InvalidArgumentException;
use Engagespot\Exception\InvalidSigningKeyException;
use Engagespot\Exception\LibraryException;
use PHPUnit\Framework\TestCase;

/** The PHP binding, with tokens verified by PHP's own openssl_verify. */
final class EngagespotClientTest extends TestCase
{
    private const KEYS = __DIR__ . '/../../../tests/keys/';

    private static function key(string $name): string
    {
        return file_get_contents(self::KEYS . $name);
    }

    /** Verifies with openssl_verify and returns [header, claims, payload JSON]. */
    public static function verify(string $token, string $publicKeyFile = 'rsa2048.pub.pem'): array
    {
        [$header, $payload, $signature] = explode('.', $token);
        $decode = static fn (string $part): string => base64_decode(strtr($part, '-_', '+/'), true);
        $ok = openssl_verify("$header.$payload", $decode($signature), self::key($publicKeyFile), OPENSSL_ALGO_SHA256);
        self::assertSame(1, $ok, 'openssl_verify rejects the token');
        return [$decode($header), json_decode($decode($payload), true, flags: JSON_THROW_ON_ERROR), $decode($payload)];
    }

    public function testDocsSnippetRunsUnchanged(): void
    {
        $apiKey = 'demo-api-key';
        $apiSecret = 'demo-api-secret';
        $signingKey = self::key('rsa2048.pkcs8.pem');
        $userIdentifier = 'alice@example.com';

        $engagespot = new EngagespotClient([
            'apiKey' => $apiKey,
            'apiSecret' => $apiSecret,
            'signingKey' => $signingKey,
        ]);
        $token = $engagespot->generateUserToken($userIdentifier);

        [$header, $claims, $json] = self::verify($token);
        self::assertSame('{"alg":"RS256","typ":"JWT"}', $header);
        self::assertSame(['sub', 'apiKey', 'iat', 'exp'], array_keys($claims));
        self::assertSame('user:alice@example.com', $claims['sub']);
        self::assertSame($apiKey, $claims['apiKey']);
        self::assertEqualsWithDelta(time(), $claims['iat'], 5);
        self::assertSame($claims['iat'] + 3600, $claims['exp']);
        self::assertStringNotContainsString($apiSecret, $json);
    }

    public function testSigningKeyFallsBackToEnvironment(): void
    {
        putenv('ENGAGESPOT_PRIVATE_SIGNING_KEY=' . str_replace("\n", '\n', trim(self::key('rsa2048.pkcs1.pem'))));
        try {
            self::verify((new EngagespotClient(['apiKey' => 'k']))->generateUserToken('env'));
        } finally {
            putenv('ENGAGESPOT_PRIVATE_SIGNING_KEY');
        }
        $this->expectException(InvalidSigningKeyException::class);
        $this->expectExceptionCode(20);
        new EngagespotClient(['apiKey' => 'k']);
    }

    public function testOptions(): void
    {
        $client = new EngagespotClient(['apiKey' => 'k', 'signingKey' => self::key('rsa2048.pkcs8.pem')]);
        self::assertSame('{"sub":"user:o","apiKey":"k","iat":1000,"exp":1600}',
            self::verify($client->generateUserToken('o', ['expiresIn' => 600, 'issuedAt' => 1000]))[2]);
        self::assertSame('{"sub":"user:o","apiKey":"k","iat":1000}',
            self::verify($client->generateUserToken('o', ['expiresIn' => null, 'issuedAt' => 1000]))[2]);
        $a = self::verify($client->generateUserToken('o', ['jti' => true]))[1];
        $b = self::verify($client->generateUserToken('o', ['jti' => true]))[1];
        self::assertSame(22, strlen($a['jti']));
        self::assertNotSame($a['jti'], $b['jti']);
        self::assertSame($client->generateUserToken('o', ['issuedAt' => 5]), $client->generateUserToken('o', ['issuedAt' => 5]));
    }

    public function testAwkwardIdentifiersRoundTrip(): void
    {
        $client = new EngagespotClient(['apiKey' => 'k', 'signingKey' => self::key('rsa2048.pkcs8.pem')]);
        foreach (["a\"b\\c", "\x01\n\t", "x\u{2028}y", "😀 </script>", '  spaced  ', str_repeat('é', 512)] as $id) {
            self::assertSame("user:$id", self::verify($client->generateUserToken($id))[1]['sub']);
        }
    }

    public static function errorCases(): array
    {
        $pem = fn (string $name) => file_get_contents(self::KEYS . $name);
        $client = ['apiKey' => 'k', 'signingKey' => $pem('rsa2048.pkcs8.pem')];
        return [
            'empty identifier' => [$client, '', [], InvalidArgumentException::class, 'ES_IDENTIFIER_EMPTY', 'user identifier is empty'],
            'long identifier' => [$client, str_repeat('x', 1025), [], InvalidArgumentException::class, 'ES_IDENTIFIER_TOO_LONG', 'at most 1024 bytes'],
            'NUL in identifier' => [$client, "a\0b", [], InvalidArgumentException::class, 'ES_IDENTIFIER_INVALID', 'NUL character'],
            'invalid UTF-8' => [$client, "\xff", [], InvalidArgumentException::class, 'ES_INVALID_UTF8', 'user identifier is not valid'],
            'unknown option' => [$client, 'x', ['expiresin' => 5], InvalidArgumentException::class, 'ES_UNKNOWN_OPTION', 'accepted options are expiresIn, issuedAt, jti, includeIat'],
            'NUL in API key' => [['apiKey' => "real\0evil", 'signingKey' => $pem('rsa2048.pkcs8.pem')], null, [], InvalidArgumentException::class, 'ES_API_KEY_INVALID', 'NUL character'],
            'zero expiry' => [$client, 'x', ['expiresIn' => 0], InvalidArgumentException::class, 'ES_INVALID_EXPIRY', 'expires-in must be'],
            'negative iat' => [$client, 'x', ['issuedAt' => -1], InvalidArgumentException::class, 'ES_INVALID_ISSUED_AT', 'unix seconds'],
            'no API key' => [['signingKey' => $pem('rsa2048.pkcs8.pem')], null, [], InvalidArgumentException::class, 'ES_API_KEY_MISSING', 'API key is missing'],
            'blank key' => [['apiKey' => 'k', 'signingKey' => " \n"], null, [], InvalidSigningKeyException::class, 'ES_KEY_MISSING', 'missing or blank'],
            'path' => [['apiKey' => 'k', 'signingKey' => '/etc/private.pem'], null, [], InvalidSigningKeyException::class, 'ES_KEY_IS_PATH', 'file path'],
            'public' => [['apiKey' => 'k', 'signingKey' => $pem('rsa2048.pub.pem')], null, [], InvalidSigningKeyException::class, 'ES_KEY_IS_PUBLIC', 'public key'],
            'encrypted' => [['apiKey' => 'k', 'signingKey' => $pem('rsa2048.encrypted-pkcs1.pem')], null, [], InvalidSigningKeyException::class, 'ES_KEY_ENCRYPTED', 'encrypted'],
            'EC' => [['apiKey' => 'k', 'signingKey' => $pem('ec-p256.pkcs8.pem')], null, [], InvalidSigningKeyException::class, 'ES_KEY_NOT_RSA', 'EC key'],
            'Ed25519' => [['apiKey' => 'k', 'signingKey' => $pem('ed25519.pkcs8.pem')], null, [], InvalidSigningKeyException::class, 'ES_KEY_NOT_RSA', 'Ed25519'],
            'small' => [['apiKey' => 'k', 'signingKey' => $pem('rsa1024.pkcs8.pem')], null, [], InvalidSigningKeyException::class, 'ES_KEY_TOO_SMALL', '1024-bit'],
            'large' => [['apiKey' => 'k', 'signingKey' => $pem('rsa8200.pkcs8.pem')], null, [], InvalidSigningKeyException::class, 'ES_KEY_TOO_LARGE', '8200-bit'],
            'truncated' => [['apiKey' => 'k', 'signingKey' => substr($pem('rsa2048.pkcs8.pem'), 0, 600)], null, [], InvalidSigningKeyException::class, 'ES_KEY_MALFORMED', 'signing key'],
        ];
    }

    /** @dataProvider errorCases */
    public function testEveryErrorKind(array $config, ?string $identifier, array $options, string $class, string $name, string $text): void
    {
        try {
            $client = new EngagespotClient($config);
            $client->generateUserToken($identifier, $options);
            self::fail("expected $name");
        } catch (EngagespotTokenException $e) {
            self::assertInstanceOf($class, $e);
            self::assertInstanceOf(\InvalidArgumentException::class, $e);
            self::assertSame($name, $e->getErrorName());
            self::assertSame(\Engagespot\Catalogue::ERRORS[$name][0], $e->getCode(), 'code and name agree');
            self::assertStringContainsString($text, $e->getMessage());
            foreach (explode("\n", $config['signingKey'] ?? '') as $line) {
                if (strlen($line) >= 16 && !str_starts_with($line, '-----')) {
                    self::assertStringNotContainsString(substr($line, 0, 16), $e->getMessage(), 'message echoes the key');
                }
            }
        }
    }

    public function testWrongTypesThrowTheCoresTypeErrorWithItsCode(): void
    {
        $pem = self::key('rsa2048.pkcs8.pem');
        $client = new EngagespotClient(['apiKey' => 'k', 'signingKey' => $pem]);
        $cases = [
            'option expiresIn must be' => fn () => $client->generateUserToken('x', ['expiresIn' => '600']),
            'option issuedAt must be' => fn () => $client->generateUserToken('x', ['issuedAt' => 1.5]),
            'option jti must be true or false' => fn () => $client->generateUserToken('x', ['jti' => 1]),
            'options must be' => fn () => $client->generateUserToken('x', 'soon'),
            'user identifier must be a string or an integer' => fn () => $client->generateUserToken(1.5),
            'API key must be a string' => fn () => new EngagespotClient(['apiKey' => 42, 'signingKey' => $pem]),
            'signing key must be' => fn () => new EngagespotClient(['apiKey' => 'k', 'signingKey' => ['x']]),
            'API secret must be' => fn () => new EngagespotClient('k', 7, null, $pem),
        ];
        foreach ($cases as $text => $call) {
            try {
                $call();
                self::fail("expected a TypeError: $text");
            } catch (\Engagespot\Exception\TypeError $e) {
                self::assertInstanceOf(\TypeError::class, $e);
                self::assertSame([10, 'ES_WRONG_TYPE'], [$e->getCode(), $e->getErrorName()]);
                self::assertStringContainsString($text, $e->getMessage());
            }
        }
    }

    public function testMissingLibraryNamesEveryPlaceLooked(): void
    {
        putenv('ENGAGESPOT_TOKEN_LIB=/nonexistent/libengagespot_token.so');
        try {
            \Engagespot\Library::findLibrary();
            self::fail('expected LibraryException');
        } catch (LibraryException $e) {
            self::assertStringContainsString('/nonexistent/libengagespot_token.so', $e->getMessage());
        } finally {
            putenv('ENGAGESPOT_TOKEN_LIB');
        }
        $found = \Engagespot\Library::findLibrary();
        self::assertStringEndsWith('target/release/libengagespot_token.so', $found, 'in-tree build found with no configuration');
    }

    /** Library picks lib/<platform>/ by OS family, machine name (as each OS spells it) and musl. */
    public function testBundledLibraryFolderPerPlatform(): void
    {
        $cases = [
            ['Linux', 'x86_64', false, 'linux-x86_64'],
            ['Linux', 'aarch64', false, 'linux-aarch64'],
            ['Linux', 'x86_64', true, 'linux-musl-x86_64'],
            ['Linux', 'aarch64', true, 'linux-musl-aarch64'],
            ['Darwin', 'arm64', false, 'darwin-aarch64'],
            ['Darwin', 'x86_64', false, 'darwin-x86_64'],
            ['Windows', 'AMD64', false, 'windows-x86_64'],
        ];
        foreach ($cases as [$family, $machine, $musl, $folder]) {
            self::assertSame($folder, \Engagespot\Library::platform($family, $machine, $musl));
            self::assertArrayHasKey($folder, \Engagespot\Library::BUNDLED);
        }
        self::assertSame(count($cases), count(\Engagespot\Library::BUNDLED));
        self::assertArrayNotHasKey(\Engagespot\Library::platform('BSD', 'amd64', false), \Engagespot\Library::BUNDLED);
    }

    public function testMemoryStaysFlatOver10000Tokens(): void
    {
        $client = new EngagespotClient(['apiKey' => 'k', 'signingKey' => self::key('rsa2048.pkcs8.pem')]);
        $rss = static function (): int {
            preg_match('/^VmRSS:\s+(\d+) kB/m', file_get_contents('/proc/self/status'), $m);
            return (int) $m[1];
        };
        for ($i = 0; $i < 1000; $i++) {
            $client->generateUserToken("warm-$i");
        }
        [$heap, $resident] = [memory_get_usage(), $rss()];
        for ($i = 0; $i < 10000; $i++) {
            $client->generateUserToken("user-$i");
            (new EngagespotClient(['apiKey' => 'k', 'signingKey' => self::key('rsa2048.pkcs8.pem')]))->generateUserToken('per-request');
        }
        self::assertLessThan(64 * 1024, memory_get_usage() - $heap, 'PHP heap grew');
        self::assertLessThan(4 * 1024, $rss() - $resident, 'RSS grew by more than 4 MiB');
    }
}
