<?php

declare(strict_types=1);

namespace Engagespot\Exception;

/** A bad argument (API key, identifier, options), rejected by the core. */
class InvalidArgumentException extends \InvalidArgumentException implements EngagespotTokenException
{
    /** @param string $errorName the core's stable name, e.g. "ES_IDENTIFIER_EMPTY" */
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
