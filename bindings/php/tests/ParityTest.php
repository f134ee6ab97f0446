<?php

declare(strict_types=1);

use Engagespot\EngagespotClient;
use PHPUnit\Framework\TestCase;

/**
 * Drop-in parity with the official PHP SDK and Engagespot's docs: both
 * constructor forms, int identifiers, file:// keys, the environment fallback,
 * and tokens equal byte for byte to the docs' token made by PHP alone
 * (json_encode + openssl_sign). The official SDK's `{sub, apiKey}` claims are
 * a case of tests/conformance/cases.json.
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

    /**
     * The token Engagespot's docs describe, made by PHP alone: the RS256 JWT
     * header, the claims as json_encode writes them (with slashes, non-ASCII
     * and line terminators unescaped, as our core writes JSON), signed with
     * openssl_sign. RS256 signatures are deterministic, so ours must equal it
     * byte for byte.
     */
    private static function independentToken(array $claims): string
    {
        $flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS | JSON_THROW_ON_ERROR;
        $signingInput = self::base64url('{"alg":"RS256","typ":"JWT"}') . '.' . self::base64url(json_encode($claims, $flags));
        openssl_sign($signingInput, $signature, self::pem(), OPENSSL_ALGO_SHA256);
        return $signingInput . '.' . self::base64url($signature);
    }

    /** @return list<int|string> */
    private static function identifiers(): array
    {
        return ['alice@example.com', 'a"b', 'back\\slash', '</script>', "\x01\x1f", "\n\r\t", 'é', '😀', "x\u{2028}y\u{2029}",
            ' spaced ', 'a/b', str_repeat('z', 1024), 42, 0, -7, PHP_INT_MAX, '0'];
    }

    public function testTokensEqualTheDocsTokenMadeByPhpAloneByteForByte(): void
    {
        $client = new EngagespotClient(['apiKey' => 'pk', 'apiSecret' => 's', 'signingKey' => self::pem()]);
        foreach (self::identifiers() as $id) {
            $ours = $client->generateUserToken($id, ['issuedAt' => 1700000000, 'expiresIn' => 3600]);
            $claims = ['sub' => "user:$id", 'apiKey' => 'pk', 'iat' => 1700000000, 'exp' => 1700003600];
            self::assertSame(self::independentToken($claims), $ours, "token for identifier $id");
            // The docs' own json_encode (slashes and non-ASCII escaped) decodes to the same claims as our token.
            $ourPayload = base64_decode(strtr(explode('.', $ours)[1], '-_', '+/'), true);
            self::assertSame(json_decode(json_encode($claims), true), json_decode($ourPayload, true), "claims for $id");
        }
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

    public function testAFileUriKeyMintsTheTokensOfItsText(): void
    {
        // php-jwt (through openssl) takes file:// keys too; ours reads the file in the core.
        $options = ['issuedAt' => 1700000000];
        $fromText = (new EngagespotClient(['apiKey' => 'pk', 'signingKey' => self::pem()]))->generateUserToken('f', $options);
        $file = realpath(self::KEYS . 'rsa2048.pkcs8.pem');
        $fromFile = (new EngagespotClient(['apiKey' => 'pk', 'signingKey' => "file://$file"]))->generateUserToken('f', $options);
        self::assertSame($fromText, $fromFile);
        try {
            new EngagespotClient(['apiKey' => 'pk', 'signingKey' => 'file:///nonexistent/engagespot/key.pem']);
            self::fail('expected ES_KEY_FILE_UNREADABLE');
        } catch (\Engagespot\Exception\InvalidSigningKeyException $e) {
            self::assertStringContainsString('/nonexistent/engagespot/key.pem', $e->getMessage(), 'the message names the file');
        }
    }

    public function testAnEmptySigningKeyInThePositionalFormFallsBackToTheEnvironment(): void
    {
        // The config-array forms are cases of tests/conformance/cases.json.
        putenv('ENGAGESPOT_PRIVATE_SIGNING_KEY=' . self::pem());
        try {
            $token = (new EngagespotClient('pk', null, null, ''))->generateUserToken('env', ['issuedAt' => 1700000000]);
            $claims = ['sub' => 'user:env', 'apiKey' => 'pk', 'iat' => 1700000000, 'exp' => 1700003600];
            self::assertSame(self::independentToken($claims), $token);
        } finally {
            putenv('ENGAGESPOT_PRIVATE_SIGNING_KEY');
        }
    }
}
