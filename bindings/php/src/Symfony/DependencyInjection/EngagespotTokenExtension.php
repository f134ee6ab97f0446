<?php

declare(strict_types=1);

namespace Engagespot\Symfony\DependencyInjection;

use Engagespot\EngagespotClient;
use Engagespot\Symfony\CheckCommand;
use Engagespot\Symfony\TokenController;
use Symfony\Component\DependencyInjection\ContainerBuilder;
use Symfony\Component\DependencyInjection\Definition;
use Symfony\Component\DependencyInjection\Extension\Extension;
use Symfony\Component\DependencyInjection\Reference;

/** Registers the client, the token controller and the engagespot:check command from `engagespot_token:`. */
final class EngagespotTokenExtension extends Extension
{
    /** The configuration key. */
    public const ALIAS = 'engagespot_token';

    /** The client's service id (also aliased as Engagespot\EngagespotClient, for autowiring). */
    public const CLIENT = 'engagespot_token.client';

    /** @param array<mixed> $configs */
    public function load(array $configs, ContainerBuilder $container): void
    {
        $config = $this->processConfiguration(new Configuration(), $configs);

        $container->setDefinition(self::CLIENT, (new Definition(EngagespotClient::class, [[
            'apiKey' => $config['api_key'],
            'apiSecret' => $config['api_secret'],
            'signingKey' => $config['signing_key'],
        ]]))->setPublic(true));
        $container->setAlias(EngagespotClient::class, self::CLIENT)->setPublic(true);

        $container->setDefinition(TokenController::class, (new Definition(TokenController::class, [
            new Reference(self::CLIENT),
            new Reference('security.token_storage'),
            $config['user_id_method'],
        ]))->setPublic(true)->addTag('controller.service_arguments'));

        $container->setDefinition(CheckCommand::class, (new Definition(CheckCommand::class, [
            new Reference('service_container'),
        ]))->addTag('console.command', ['command' => CheckCommand::NAME]));
    }

    /** `engagespot_token`. */
    public function getAlias(): string
    {
        return self::ALIAS;
    }
}
