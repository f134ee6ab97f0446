<?php

declare(strict_types=1);

/**
 * The values of tests/conformance/README.md ("Values") as PHP holds them:
 * shared by the conformance runner (ConformanceTest.php) and the differential
 * test's PHP player (tests/differential/players/php.php).
 */
final class ConformanceValues
{
    private const ROOT = __DIR__ . '/../../..';

    /** A value of the table (README.md, "Values") as PHP holds it; throws DomainException when PHP cannot. */
    public static function value(mixed $v): mixed
    {
        if (!is_array($v)) {
            return $v;
        }
        return match ($v['type']) {
            'absent' => throw new DomainException('PHP requires the argument'),
            'float' => match ($v['value']) { 'NaN' => NAN, 'Infinity' => INF, '-Infinity' => -INF, default => (float) $v['value'] },
            // A big integer that fits in 64 bits is an int; PHP has no wider integer.
            'bigint' => filter_var($v['value'], FILTER_VALIDATE_INT) === false
                ? throw new DomainException('an integer beyond 64 bits') : (int) $v['value'],
            'repeat' => str_repeat($v['value'], $v['count']),
            'file' => file_get_contents(self::ROOT . '/' . $v['path']),
            'file_uri' => 'file://' . realpath(self::ROOT) . '/' . $v['path'],
            'concat' => implode('', array_map(self::value(...), $v['parts'])),
            'raw' => hex2bin($v['hex']),
            'object' => new stdClass(),
            'entries' => count(array_unique(array_column($v['entries'], 'name'))) !== count($v['entries'])
                ? throw new DomainException('an array cannot hold a key twice')
                : array_combine(array_column($v['entries'], 'name'), array_map(self::value(...), array_column($v['entries'], 'value'))),
            default => throw new DomainException("{$v['type']} values exist only in other languages"),
        };
    }

    /** The constructor's config array and the arguments of generateUserToken. */
    public static function inputs(array $case): array
    {
        $config = [];
        foreach (['apiKey', 'apiSecret', 'signingKey'] as $field) {
            if (array_key_exists($field, $case) && ($case[$field]['type'] ?? null) !== 'absent') {
                $config[$field] = self::value($case[$field]);
            }
        }
        $args = [self::value($case['identifier'])];
        if (array_key_exists('options', $case)) {
            $options = $case['options'];
            $args[] = is_array($options) && !isset($options['type']) ? array_map(self::value(...), $options) : self::value($options);
        }
        $environment = array_key_exists('environment', $case) ? self::value($case['environment']) : null;
        return [$config, $args, $environment];
    }
}
