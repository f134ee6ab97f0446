<?php

/**
 * The differential test's player for PHP: EngagespotClient on the backend
 * that $ENGAGESPOT_TOKEN_BACKEND picks (ffi, or the openssl fallback). Reads
 * one input per line on stdin and writes one outcome per line (protocol:
 * tests/differential/README.md). The inputs are read as the conformance
 * runner reads them (bindings/php/tests/ConformanceValues.php); every rule is
 * the package's.
 */

declare(strict_types=1);

use Engagespot\EngagespotClient;
use Engagespot\Exception\EngagespotTokenException;

require __DIR__ . '/../../../bindings/php/tests/bootstrap.php';
require __DIR__ . '/../../../bindings/php/tests/ConformanceValues.php';

/** The outcome of one input: token, or error and step, or why it is skipped. */
function play(array $case): array
{
    try {
        [$config, $args] = ConformanceValues::inputs($case);
    } catch (DomainException $e) {
        return ['skip' => $e->getMessage()];
    }
    $at = 'client';
    try {
        $client = new EngagespotClient($config);
        $at = 'token';
        return ['token' => $client->generateUserToken(...$args)];
    } catch (EngagespotTokenException $e) {
        return ['error' => $e->getErrorName(), 'at' => $at, 'message' => substr($e->getMessage(), 0, 300)];
    } catch (Throwable $e) {
        return ['error' => 'no code: ' . get_class($e), 'at' => $at, 'message' => substr($e->getMessage(), 0, 300)];
    }
}

putenv('ENGAGESPOT_PRIVATE_SIGNING_KEY');
$out = static fn (array $line) => fwrite(STDOUT, json_encode($line, JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR) . "\n");
$out(['ready' => 'php-' . EngagespotClient::backend()]);
while (($line = fgets(STDIN)) !== false) {
    $input = json_decode($line, true, flags: JSON_THROW_ON_ERROR);
    $out(play($input['case']) + ['id' => $input['id']]);
}
