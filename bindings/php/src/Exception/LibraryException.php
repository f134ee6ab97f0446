<?php

declare(strict_types=1);

namespace Engagespot\Exception;

/**
 * A failure not caused by the arguments: the native library could not be
 * loaded, FFI is disabled, or signing failed inside the library.
 */
final class LibraryException extends \RuntimeException implements EngagespotTokenException
{
    /** @param string $errorName the core's stable name, or "ERR_ENGAGESPOT_TOKEN_LOAD" when the library could not be loaded */
    public function __construct(string $message, int $code, private readonly string $errorName)
    {
        parent::__construct($message, $code);
    }

    /** The stable error name shared with C and Node, e.g. "ES_KEY_IS_PUBLIC". */
    public function getErrorName(): string
    {
        return $this->errorName;
    }
}
