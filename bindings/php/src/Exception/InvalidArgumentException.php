<?php

declare(strict_types=1);

namespace Engagespot\Exception;

/** A bad argument (API key, identifier, options), rejected by the core. */
class InvalidArgumentException extends \InvalidArgumentException implements EngagespotTokenException
{
    use CarriesErrorName;
}
