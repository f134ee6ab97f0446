<?php

declare(strict_types=1);

namespace Engagespot\Exception;

/**
 * The constructor and `getErrorName()` that every exception of this package
 * shares: the core's message, numeric code and stable name.
 */
trait CarriesErrorName
{
    /** @param string $errorName the core's stable name, e.g. "ES_KEY_IS_PUBLIC", or "ERR_ENGAGESPOT_TOKEN_LOAD" */
    public function __construct(string $message, int $code, private readonly string $errorName)
    {
        parent::__construct($message, $code);
    }

    /** The stable error name shared with C, Node, Python and Ruby, e.g. "ES_KEY_IS_PUBLIC". */
    public function getErrorName(): string
    {
        return $this->errorName;
    }
}
