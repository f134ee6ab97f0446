<?php

declare(strict_types=1);

namespace Engagespot\Exception;

/**
 * A failure not caused by the arguments: the native library could not be
 * loaded, FFI is disabled, or signing failed inside the library.
 */
final class LibraryException extends \RuntimeException implements EngagespotTokenException
{
    use CarriesErrorName;
}
