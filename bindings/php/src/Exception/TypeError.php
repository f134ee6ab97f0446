<?php

declare(strict_types=1);

namespace Engagespot\Exception;

/**
 * An argument of the wrong type (ES_WRONG_TYPE) or a missing one
 * (ES_NULL_ARGUMENT): a `\TypeError`, as PHP raises for types, that carries
 * the core's code and name like every exception of this package.
 */
final class TypeError extends \TypeError implements EngagespotTokenException
{
    use CarriesErrorName;
}
