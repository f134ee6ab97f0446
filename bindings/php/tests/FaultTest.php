<?php

declare(strict_types=1);

use Engagespot\EngagespotClient;
use Engagespot\Exception\LibraryException;
use PHPUnit\Framework\TestCase;

/**
 * The panic boundary from PHP: against a library built with the core's
 * test-only fault-injection feature, with one fault site armed, a panic in
 * the core is a LibraryException with code 100 (ES_PANIC), never a crash.
 * scripts/test-faults runs it (`phpunit --testsuite faults`) once per site,
 * with ENGAGESPOT_TOKEN_LIB naming the fault build and ENGAGESPOT_TOKEN_FAULT
 * the site; without both it is skipped. It is not in the default suite,
 * whose phpunit.xml fails on skipped tests.
 */
final class FaultTest extends TestCase
{
    public function testAPanicInTheCoreIsALibraryExceptionWithEsPanic(): void
    {
        $library = getenv('ENGAGESPOT_TOKEN_LIB');
        $site = getenv('ENGAGESPOT_TOKEN_FAULT');
        if ($library === false || $site === false) {
            self::markTestSkipped('needs a fault-injection build: run scripts/test-faults');
        }
        $pem = file_get_contents(__DIR__ . '/../../../tests/keys/rsa2048.pkcs8.pem');
        try {
            $client = new EngagespotClient(['apiKey' => 'k', 'apiSecret' => 's', 'signingKey' => $pem]);
            $client->generateUserToken('alice');
            self::fail("no exception with the fault at $site");
        } catch (LibraryException $e) {
            self::assertSame(100, $e->getCode(), $e->getMessage());
            self::assertSame('ES_PANIC', $e->getErrorName());
            self::assertStringContainsString('panicked', $e->getMessage());
        }
    }
}
