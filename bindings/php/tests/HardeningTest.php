<?php

declare(strict_types=1);

use Engagespot\EngagespotClient;
use Engagespot\Exception\InvalidArgumentException;
use Engagespot\Exception\InvalidSigningKeyException;
use PHPUnit\Framework\TestCase;

/** Issue 20 (hardening, round 3) from PHP, through the C ABI. */
final class HardeningTest extends TestCase
{
    private const KEYS = __DIR__ . '/../../../tests/keys/';

    /**
     * Item 9: C strings cannot carry a NUL, so the message used to name a path
     * that was never tried; the core now names it with the NUL escaped.
     */
    public function testANulInAFileUriPathIsNamedEscaped(): void
    {
        $path = realpath(self::KEYS . 'rsa2048.pkcs8.pem');
        try {
            new EngagespotClient(['apiKey' => 'k', 'signingKey' => "file://$path\0/../../etc/passwd"]);
            self::fail('no exception');
        } catch (InvalidSigningKeyException $error) {
            self::assertSame('ES_KEY_FILE_UNREADABLE', $error->getErrorName());
            self::assertStringContainsString("$path\\0/../../etc/passwd", $error->getMessage());
            self::assertStringNotContainsString("$path/../", $error->getMessage());
        }
    }

    /** Item 5: the signing key in the API key's place would be copied into every token. */
    public function testTheSigningKeyPassedAsTheApiKeyIsRefused(): void
    {
        $pem = file_get_contents(self::KEYS . 'rsa2048.pkcs8.pem');
        try {
            new EngagespotClient(['apiKey' => $pem, 'signingKey' => $pem]);
            self::fail('no exception');
        } catch (InvalidArgumentException $error) {
            self::assertSame('ES_API_KEY_HOLDS_PEM', $error->getErrorName());
            $body = implode('', array_filter(explode("\n", $pem), static fn ($l) => !str_starts_with($l, '-----')));
            self::assertStringNotContainsString(substr($body, 0, 16), $error->getMessage());
        }
    }
}
