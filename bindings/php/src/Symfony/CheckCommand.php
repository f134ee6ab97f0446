<?php

declare(strict_types=1);

namespace Engagespot\Symfony;

use Engagespot\Exception\EngagespotTokenException;
use Engagespot\Symfony\DependencyInjection\EngagespotTokenExtension;
use Psr\Container\ContainerInterface;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\ConsoleOutputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * `bin/console engagespot:check`: builds the client from `engagespot_token:` as a web request
 * would, and fails with the library's exception (its class and message, never the key) when
 * the configuration is missing or rejected. Run it at deploy and before serving.
 */
final class CheckCommand extends Command
{
    /** The command's name. */
    public const NAME = 'engagespot:check';

    /** @param ContainerInterface $container the container the client service is taken from */
    public function __construct(private readonly ContainerInterface $container)
    {
        parent::__construct(self::NAME);
    }

    protected function configure(): void
    {
        $this->setDescription('Builds the Engagespot client from the configuration: fails on a missing or rejected key');
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        try {
            $this->container->get(EngagespotTokenExtension::CLIENT);
        } catch (EngagespotTokenException $error) {
            $errors = $output instanceof ConsoleOutputInterface ? $output->getErrorOutput() : $output;
            $errors->writeln(sprintf('%s: %s: %s', self::NAME, $error::class, $error->getMessage()), OutputInterface::OUTPUT_RAW);
            return self::FAILURE;
        }
        $output->writeln(self::NAME . ': the Engagespot client is configured');
        return self::SUCCESS;
    }
}
