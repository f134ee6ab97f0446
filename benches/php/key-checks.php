<?php

/**
 * What the ext-openssl fallback's checks cost, against one signature with a
 * held key (openssl_sign) in the same process, in interleaved slices of 50 ms:
 * per client, the check of the key's numbers (OpensslBackend::numbersHold,
 * aws-lc's RSA_check_key) with ext-gmp and with PHP integers; per token, the
 * check of the signature with the key's public half (OpensslBackend::publicPower)
 * with ext-gmp and with openssl (the one without ext-gmp). Prints a Markdown
 * table for docs/BENCHMARKS.md. Usage: php key-checks.php KEY_FILE
 */

declare(strict_types=1);

require __DIR__ . '/../../bindings/php/tests/bootstrap.php';

use Engagespot\OpensslBackend;

$key = openssl_pkey_get_private(file_get_contents($argv[1]));
$rsa = openssl_pkey_get_details($key)['rsa'];
$numbers = array_intersect_key($rsa, array_flip(['n', 'e', 'd', 'p', 'q', 'dmp1', 'dmq1', 'iqmp']));
openssl_sign('probe', $signature, $key, OPENSSL_ALGO_SHA256);

$contenders = ['signature (openssl_sign, key held)' => static fn () => openssl_sign('x', $out, $key, OPENSSL_ALGO_SHA256)];
foreach (extension_loaded('gmp') ? ['gmp', 'php'] : ['php'] as $arithmetic) {
    $contenders["per client: the key's numbers, $arithmetic"] = static fn () => OpensslBackend::numbersHold($numbers, $arithmetic)
        || throw new RuntimeException('a sound key failed the check');
}
foreach (extension_loaded('gmp') ? ['gmp', 'openssl'] : ['openssl'] as $arithmetic) {
    $contenders["per token: the signature, $arithmetic"] = static fn () => OpensslBackend::publicPower($signature, $rsa['e'], $rsa['n'], $arithmetic);
}
$counts = $times = array_fill_keys(array_keys($contenders), 0);
for ($round = 0; $round < 20; $round++) {
    foreach ($contenders as $name => $run) {
        $start = hrtime(true);
        do {
            $run();
            $counts[$name]++;
        } while (hrtime(true) - $start < 50_000_000);
        $times[$name] += hrtime(true) - $start;
    }
}
$signing = $times[array_key_first($contenders)] / $counts[array_key_first($contenders)];
printf("| %d-bit key | µs | in signatures |\n| --- | ---: | ---: |\n", $rsa['bits'] ?? openssl_pkey_get_details($key)['bits']);
foreach ($contenders as $name => $run) {
    $each = $times[$name] / $counts[$name];
    printf("| %s | %.0f | %.2f |\n", $name, $each / 1e3, $each / $signing);
}
