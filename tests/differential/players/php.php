<?php

/**
 * The differential test's player for PHP: EngagespotClient on the backend
 * that $ENGAGESPOT_TOKEN_BACKEND picks (ffi, or the openssl fallback). Reads
 * one input per line on stdin and writes one outcome per line (protocol:
 * tests/differential/README.md). It only adapts the inputs to PHP's calling
 * convention; every rule is the package's.
 */

declare(strict_types=1);

use Engagespot\EngagespotClient;
use Engagespot\Exception\EngagespotTokenException;

const ROOT = __DIR__ . '/../../..';
require ROOT . '/bindings/php/tests/bootstrap.php';

/** A value of tests/conformance/README.md, "Values", as PHP holds it; throws DomainException when PHP cannot. */
function value(mixed $v): mixed
{
    if (!is_array($v)) {
        return $v;
    }
    return match ($v['type']) {
        'absent' => throw new DomainException('PHP requires the argument'),
        'float' => match ($v['value']) { 'NaN' => NAN, 'Infinity' => INF, '-Infinity' => -INF, default => (float) $v['value'] },
        'bigint' => filter_var($v['value'], FILTER_VALIDATE_INT) === false
            ? throw new DomainException('an integer beyond 64 bits') : (int) $v['value'],
        'repeat' => str_repeat($v['value'], $v['count']),
        'file' => file_get_contents(ROOT . '/' . $v['path']),
        'file_uri' => 'file://' . realpath(ROOT) . '/' . $v['path'],
        'concat' => implode('', array_map(value(...), $v['parts'])),
        'raw' => hex2bin($v['hex']),
        'object' => new stdClass(),
        default => throw new DomainException("{$v['type']} values exist only in other languages"),
    };
}

/** The outcome of one input: token, or error and step, or why it is skipped. */
function play(array $case): array
{
    try {
        $config = [];
        foreach (['apiKey', 'apiSecret', 'signingKey'] as $field) {
            if (array_key_exists($field, $case) && !(is_array($case[$field]) && ($case[$field]['type'] ?? null) === 'absent')) {
                $config[$field] = value($case[$field]);
            }
        }
        $args = [value($case['identifier'])];
        if (array_key_exists('options', $case)) {
            $options = $case['options'];
            $args[] = is_array($options) && !isset($options['type']) ? array_map(value(...), $options) : value($options);
        }
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
