<?php

declare(strict_types=1);

use Engagespot\EngagespotClient;
use PHPUnit\Framework\TestCase;

/**
 * Drop-in parity with the official PHP SDK and Engagespot's docs: both
 * constructor forms, int identifiers, the environment fallback, and the manual
 * payload of the docs signed the way php-jwt does (json_encode + openssl_sign).
 */
final class ParityTest extends TestCase
{
    private const KEYS = __DIR__ . '/../../../tests/keys/';

    private static function pem(): string
    {
        return file_get_contents(self::KEYS . 'rsa2048.pkcs8.pem');
    }

    private static function base64url(string $bytes): string
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    /** The docs' manual way, as php-jwt encodes and signs: no code of ours involved. */
    private static function manualToken(array $claims): string
    {
        $signingInput = self::base64url(json_encode(['typ' => 'JWT', 'alg' => 'RS256']) ) . '.' . self::base64url(json_encode($claims));
        openssl_sign($signingInput, $signature, self::pem(), OPENSSL_ALGO_SHA256);
        return $signingInput . '.' . self::base64url($signature);
    }

    /** @return list<int|string> */
    private static function identifiers(): array
    {
        return ['alice@example.com', 'a"b', 'back\\slash', '</script>', "\x01\x1f", "\n\r\t", 'é', '😀', "x\u{2028}y\u{2029}",
            ' spaced ', 'a/b', str_repeat('z', 1024), 42, 0, -7, PHP_INT_MAX, '0'];
    }

    public function testClaimsAndPayloadBytesEqualTheDocsManualPayload(): void
    {
        $client = new EngagespotClient(['apiKey' => 'pk', 'apiSecret' => 's', 'signingKey' => self::pem()]);
        foreach (self::identifiers() as $id) {
            $ours = $client->generateUserToken($id, ['issuedAt' => 1700000000, 'expiresIn' => 3600]);
            $claims = ['sub' => "user:$id", 'apiKey' => 'pk', 'iat' => 1700000000, 'exp' => 1700003600];
            $manual = self::manualToken($claims);
            [, $ourClaims, $ourJson] = EngagespotClientTest::verify($ours);
            self::assertSame($claims, $ourClaims, "claims for identifier $id");
            // json_encode escapes '/' and non-ASCII; with the same escaping, the payload bytes agree.
            $sameEscaping = json_encode(json_decode($ourJson, true));
            self::assertSame(base64_decode(strtr(explode('.', $manual)[1], '-_', '+/')), $sameEscaping, "payload for $id");
            self::assertSame(1, openssl_verify(
                implode('.', array_slice(explode('.', $manual), 0, 2)),
                base64_decode(strtr(explode('.', $manual)[2], '-_', '+/')),
                file_get_contents(self::KEYS . 'rsa2048.pub.pem'),
                OPENSSL_ALGO_SHA256,
            ));
        }
    }

    public function testTheOfficialPhpSdksExactClaims(): void
    {
        $client = new EngagespotClient(['apiKey' => 'pk', 'signingKey' => self::pem()]);
        $token = $client->generateUserToken('alice', ['includeIat' => false, 'expiresIn' => null]);
        self::assertSame(['sub' => 'user:alice', 'apiKey' => 'pk'], EngagespotClientTest::verify($token)[1]);
    }

    public function testPositionalConstructorAsInTheOfficialReadme(): void
    {
        $client = new EngagespotClient('pk', 'secret', 'https://api.engagespot.co', self::pem());
        self::assertSame('user:bob', EngagespotClientTest::verify($client->generateUserToken('bob'))[1]['sub']);
        $minimal = new EngagespotClient('pk', 'secret', null, self::pem());
        self::assertSame('pk', EngagespotClientTest::verify($minimal->generateUserToken('bob'))[1]['apiKey']);
    }

    public function testIntIdentifiersWorkWhateverTheCallersStrictTypes(): void
    {
        // This file declares strict_types=1; a script without it calls the same way.
        $client = new EngagespotClient(['apiKey' => 'pk', 'signingKey' => self::pem()]);
        self::assertSame('user:42', EngagespotClientTest::verify($client->generateUserToken(42))[1]['sub']);
        $script = sprintf('require %s; $c = new Engagespot\EngagespotClient(["apiKey" => "pk", "signingKey" => file_get_contents(%s)]);'
            . ' echo $c->generateUserToken(7);', var_export(__DIR__ . '/bootstrap.php', true), var_export(self::KEYS . 'rsa2048.pkcs8.pem', true));
        $token = shell_exec(PHP_BINARY . ' -r ' . escapeshellarg($script));
        self::assertSame('user:7', EngagespotClientTest::verify((string) $token)[1]['sub']);
    }

    public function testFileUriKeysAreReadAsPhpJwtReadsThem(): void
    {
        $file = realpath(self::KEYS . 'rsa2048.pkcs8.pem');
        $client = new EngagespotClient(['apiKey' => 'pk', 'signingKey' => "file://$file"]);
        EngagespotClientTest::verify($client->generateUserToken('from-file'));
        // openssl, which php-jwt signs with, takes the same form.
        self::assertNotFalse(openssl_pkey_get_private("file://$file"));
        try {
            new EngagespotClient(['apiKey' => 'pk', 'signingKey' => 'file:///nonexistent/engagespot/key.pem']);
            self::fail('expected ES_KEY_FILE_UNREADABLE');
        } catch (\Engagespot\Exception\InvalidSigningKeyException $e) {
            self::assertSame('ES_KEY_FILE_UNREADABLE', $e->getErrorName());
            self::assertStringContainsString('/nonexistent/engagespot/key.pem', $e->getMessage());
        }
    }

    public function testEmptyOrNullSigningKeyFallsBackToTheEnvironment(): void
    {
        putenv('ENGAGESPOT_PRIVATE_SIGNING_KEY=' . self::pem());
        try {
            foreach ([['apiKey' => 'pk', 'signingKey' => ''], ['apiKey' => 'pk', 'signingKey' => null], ['apiKey' => 'pk']] as $config) {
                EngagespotClientTest::verify((new EngagespotClient($config))->generateUserToken('env'));
            }
            EngagespotClientTest::verify((new EngagespotClient('pk', null, null, ''))->generateUserToken('env'));
        } finally {
            putenv('ENGAGESPOT_PRIVATE_SIGNING_KEY');
        }
    }
}
