<?php

declare(strict_types=1);

use Engagespot\EngagespotClient;
use Engagespot\Symfony\DependencyInjection\Configuration;
use Engagespot\Symfony\DependencyInjection\EngagespotTokenExtension;
use Engagespot\Symfony\EngagespotTokenBundle;
use Engagespot\Symfony\TokenController;
use Engagespot\TokenEndpoint;
use PHPUnit\Framework\TestCase;
use Symfony\Component\Config\Definition\Processor;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\Security\Core\Authentication\Token\Storage\TokenStorage;
use Symfony\Component\Security\Core\Authentication\Token\UsernamePasswordToken;
use Symfony\Component\Security\Core\User\InMemoryUser;
use Symfony\Component\Security\Core\User\UserInterface;
use Symfony\Component\Uid\Uuid;

/**
 * The Symfony bundle on Debian's Symfony 5.4 (scripts/setup installs it): its configuration,
 * its services, and its controller's answers, with tokens verified by openssl_verify.
 * tests/frameworks/test_symfony.py plays it over HTTP in examples/frameworks/symfony.
 */
final class SymfonyBundleTest extends TestCase
{
    private const KEYS = __DIR__ . '/../../../tests/keys/';

    public static function setUpBeforeClass(): void
    {
        foreach (['Bundle/FrameworkBundle', 'Bundle/SecurityBundle', 'Component/Uid'] as $part) {
            require_once "/usr/share/php/Symfony/$part/autoload.php";
        }
    }

    /** The container the extension builds from `$config`, with a token storage holding `$user`. */
    private static function container(array $config, ?UserInterface $user): ContainerBuilder
    {
        $container = new ContainerBuilder();
        $storage = new TokenStorage();
        if ($user !== null) {
            $storage->setToken(new UsernamePasswordToken($user, 'main', $user->getRoles()));
        }
        $container->set('security.token_storage', $storage);
        $container->registerExtension(new EngagespotTokenExtension());
        $container->loadFromExtension(EngagespotTokenExtension::ALIAS, $config);
        $container->compile(true);
        return $container;
    }

    /** What the controller answers `$user` (null: nobody) with the test key: [status, headers, body]. */
    private static function answer(?UserInterface $user, array $config = []): array
    {
        $config += ['api_key' => 'demo-api-key', 'signing_key' => file_get_contents(self::KEYS . 'rsa2048.pkcs8.pem')];
        $response = self::container($config, $user)->get(TokenController::class)();
        return [$response->getStatusCode(), $response->headers, json_decode((string) $response->getContent(), true)];
    }

    /** A user whose getId() gives `$id`. */
    private static function userWithId(mixed $id): UserInterface
    {
        return new class ($id) implements UserInterface {
            public function __construct(private readonly mixed $id)
            {
            }

            public function getId(): mixed
            {
                return $this->id;
            }

            public function getUserIdentifier(): string
            {
                return 'name-not-id';
            }

            public function getUsername(): string
            {
                return 'name-not-id';
            }

            public function getRoles(): array
            {
                return ['ROLE_USER'];
            }

            public function getPassword(): ?string
            {
                return null;
            }

            public function getSalt(): ?string
            {
                return null;
            }

            public function eraseCredentials(): void
            {
            }
        };
    }

    private static function subject(array $body): string
    {
        return EngagespotClientTest::verify($body['token'])[1]['sub'];
    }

    public function testDefaultsAreTheEnvironmentVariablesResolvedAtRuntime(): void
    {
        $config = (new Processor())->processConfiguration(new Configuration(), [[]]);
        self::assertSame([
            'api_key' => '%env(string:default::' . TokenEndpoint::API_KEY_VARIABLE . ')%',
            'api_secret' => '%env(string:default::' . TokenEndpoint::API_SECRET_VARIABLE . ')%',
            'signing_key' => null,
            'user_id_method' => null,
        ], $config);
    }

    public function testClientIsOnePublicServiceAlsoUnderItsClassName(): void
    {
        $container = self::container(['api_key' => 'demo-api-key', 'signing_key' => file_get_contents(self::KEYS . 'rsa2048.pkcs8.pem')], null);
        $client = $container->get(EngagespotTokenExtension::CLIENT);
        self::assertInstanceOf(EngagespotClient::class, $client);
        self::assertSame($client, $container->get(EngagespotClient::class));
    }

    public function testUuidKeyIsMintedAsItsCanonicalText(): void
    {
        [$status, $headers, $body] = self::answer(self::userWithId(Uuid::fromString('3F2C8B1E-9A4D-4C6B-8E7F-0A1B2C3D4E5F')));
        self::assertSame(200, $status);
        self::assertSame('user:3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f', self::subject($body));
        self::assertStringContainsString('no-store', (string) $headers->get('Cache-Control'));
        self::assertSame(EngagespotClientTest::verify($body['token'])[1]['exp'], $body['expiresAt']);
    }

    public function testIntegerKeyIsMinted(): void
    {
        self::assertSame('user:4711', self::subject(self::answer(self::userWithId(4711))[2]));
    }

    public function testIdOfAnotherTypeIsTheClientsWrongTypeError(): void
    {
        $this->expectException(Engagespot\Exception\TypeError::class);
        self::answer(self::userWithId(47.11));
    }

    public function testUserWithoutGetIdIsMintedByItsIdentifier(): void
    {
        self::assertSame('user:carol', self::subject(self::answer(new InMemoryUser('carol', null))[2]));
    }

    public function testUserIdMethodChoosesTheMethod(): void
    {
        $body = self::answer(self::userWithId(4711), ['user_id_method' => 'getUserIdentifier'])[2];
        self::assertSame('user:name-not-id', self::subject($body));
    }

    public function testNobodySignedInGets401NotStored(): void
    {
        [$status, $headers, $body] = self::answer(null);
        self::assertSame(401, $status);
        self::assertSame(TokenEndpoint::ANONYMOUS_BODY, $body);
        self::assertStringContainsString('no-store', (string) $headers->get('Cache-Control'));
    }

    public function testBundleNamesItsExtension(): void
    {
        self::assertSame('engagespot_token', (new EngagespotTokenBundle())->getContainerExtension()->getAlias());
    }

    public function testComposerJsonRequiresNoSymfonyPackage(): void
    {
        $composer = json_decode(file_get_contents(__DIR__ . '/../composer.json'), true, 512, JSON_THROW_ON_ERROR);
        self::assertSame([], array_values(preg_grep('~^symfony/~', array_keys($composer['require']))));
    }
}
