<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/EngagespotClientTest.php';

/**
 * A real php-fpm (Debian php8.2-fpm) on a unix socket, with the default
 * ffi.enable=preload, reached over FastCGI with cgi-fcgi (libfcgi-bin). It
 * reads its own Debian configuration (with ext-ffi) whatever this run's is.
 */
final class FpmTest extends TestCase
{
    /** @var resource[] */
    private array $servers = [];
    private string $dir;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/engagespot-fpm-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
    }

    protected function tearDown(): void
    {
        foreach ($this->servers as $server) {
            proc_terminate($server, SIGTERM);
            proc_close($server);
        }
        array_map('unlink', glob("$this->dir/*"));
        rmdir($this->dir);
    }

    /** Starts php-fpm with the given php.ini settings; returns its socket. */
    private function startFpm(string $name, array $ini, array $env = []): string
    {
        $socket = "$this->dir/$name.sock";
        $user = posix_getpwuid(posix_geteuid())['name'];
        file_put_contents("$this->dir/$name.conf", implode("\n", [
            '[global]', "error_log = $this->dir/$name.log", 'daemonize = no',
            '[www]', "listen = $socket", "user = $user", 'pm = static', 'pm.max_children = 2', 'clear_env = no', '',
        ]));
        $args = ['php-fpm8.2', '-F', '-R', '-y', "$this->dir/$name.conf"];
        foreach ($ini + ['ffi.enable' => 'preload', 'sys_temp_dir' => $this->dir] as $key => $value) {
            array_push($args, '-d', "$key=$value");
        }
        // Not this run's PHP_INI_SCAN_DIR: php-fpm keeps its own extensions.
        $env += array_diff_key(getenv(), ['PHP_INI_SCAN_DIR' => true, 'ENGAGESPOT_TOKEN_BACKEND' => true]);
        $server = proc_open($args, [0 => ['file', '/dev/null', 'r'], 1 => ['file', "$this->dir/$name.out", 'a'], 2 => ['file', "$this->dir/$name.out", 'a']], $pipes, null, $env);
        self::assertIsResource($server);
        $this->servers[] = $server;
        for ($i = 0; $i < 100 && !file_exists($socket); $i++) {
            usleep(50_000);
        }
        self::assertFileExists($socket, 'php-fpm did not start: ' . @file_get_contents("$this->dir/$name.out") . @file_get_contents("$this->dir/$name.log"));
        return $socket;
    }

    /** One FastCGI GET of tests/fpm/token.php; returns the response body (and in $stderr what PHP logged). */
    private function request(string $socket, string $user, ?string &$stderr = null): string
    {
        $env = ['SCRIPT_FILENAME' => realpath(__DIR__ . '/fpm/token.php'), 'REQUEST_METHOD' => 'GET',
            'QUERY_STRING' => http_build_query(['user' => $user]), 'PATH' => getenv('PATH')];
        $process = proc_open(['cgi-fcgi', '-bind', '-connect', $socket], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        $response = stream_get_contents($pipes[1]);
        $stderr = stream_get_contents($pipes[2]);
        proc_close($process);
        return substr($response, strpos($response, "\r\n\r\n") + 4);
    }

    public function testTokenMintedUnderFpmWithPreloadVerifies(): void
    {
        $header = "$this->dir/engagespot_token.h";
        exec(escapeshellarg(__DIR__ . '/../bin/engagespot-token-preload-header') . ' ' . escapeshellarg($header), $output, $status);
        self::assertSame(0, $status, implode("\n", $output));
        $socket = $this->startFpm('preload', [
            'ffi.preload' => $header,
            'opcache.enable' => '1',
            'opcache.preload' => realpath(__DIR__ . '/../preload.php'),
            'opcache.preload_user' => posix_getpwuid(posix_geteuid())['name'],
        ]);
        foreach (['bob@example.com', 'second-request'] as $user) {
            $body = $this->request($socket, $user);
            self::assertStringStartsWith('token=', $body, $body);
            [, $claims] = EngagespotClientTest::verify(substr($body, 6));
            self::assertSame("user:$user", $claims['sub']);
            self::assertSame('fpm-api-key', $claims['apiKey']);
        }
    }

    public function testWithoutPreloadTheOpensslFallbackServesTokensAndSaysSoOnce(): void
    {
        $socket = $this->startFpm('nopreload', []);
        $logged = '';
        foreach (['first', 'second', 'third', 'fourth'] as $user) {
            $body = $this->request($socket, $user, $stderr);
            $logged .= $stderr;
            self::assertStringStartsWith('token=', $body, $body);
            self::assertSame("user:$user", EngagespotClientTest::verify(substr($body, 6))[1]['sub']);
        }
        // Sent to the web server as FastCGI stderr, once for the server (not per request or worker).
        self::assertSame(1, substr_count($logged, 'ext-openssl fallback'), $logged);
        self::assertStringContainsString('ffi.preload=', $logged, 'the announcement gives the preload recipe');
    }

    public function testWithoutPreloadBackendFfiMakesItAnErrorThatSaysHowToFixIt(): void
    {
        $socket = $this->startFpm('forbidden', [], ['ENGAGESPOT_TOKEN_BACKEND' => 'ffi']);
        $body = $this->request($socket, 'x');
        self::assertStringStartsWith('error=Engagespot\Exception\LibraryException', $body);
        self::assertStringContainsString('ffi.preload=', $body);
    }
}
