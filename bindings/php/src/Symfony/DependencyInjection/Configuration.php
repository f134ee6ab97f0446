<?php

declare(strict_types=1);

namespace Engagespot\Symfony\DependencyInjection;

use Engagespot\TokenEndpoint;
use Symfony\Component\Config\Definition\Builder\TreeBuilder;
use Symfony\Component\Config\Definition\ConfigurationInterface;

/**
 * `engagespot_token:`, every key optional:
 *
 *     engagespot_token:
 *         api_key: '%env(string:default::ENGAGESPOT_API_KEY)%'
 *         api_secret: '%env(string:default::ENGAGESPOT_API_SECRET)%'
 *         signing_key: ~            # null: the client reads ENGAGESPOT_PRIVATE_SIGNING_KEY itself
 *         user_id_method: ~         # null: getId() when the user class has one, else getUserIdentifier()
 *
 * The API key and secret default to their environment variables, resolved at runtime.
 */
final class Configuration implements ConfigurationInterface
{
    /** The tree under `engagespot_token`. */
    public function getConfigTreeBuilder(): TreeBuilder
    {
        $tree = new TreeBuilder(EngagespotTokenExtension::ALIAS);
        $tree->getRootNode()
            ->children()
                ->scalarNode('api_key')
                    ->info('The API key shown in the Engagespot console; it goes into every token.')
                    ->defaultValue(self::environment(TokenEndpoint::API_KEY_VARIABLE))
                ->end()
                ->scalarNode('api_secret')
                    ->info('Accepted for parity with the official SDK; never put in a token.')
                    ->defaultValue(self::environment(TokenEndpoint::API_SECRET_VARIABLE))
                ->end()
                ->scalarNode('signing_key')
                    ->info('The RSA private key: PEM text or file:///absolute/path.pem; null reads the client\'s own variable.')
                    ->defaultNull()
                ->end()
                ->scalarNode('user_id_method')
                    ->info('The method of the current user that gives the id to mint for; null: getId() when present, else getUserIdentifier().')
                    ->defaultNull()
                ->end()
            ->end();
        return $tree;
    }

    /** The placeholder of environment variable `$name`, empty when it is not set (the client then says what is missing). */
    private static function environment(string $name): string
    {
        return "%env(string:default::$name)%";
    }
}
