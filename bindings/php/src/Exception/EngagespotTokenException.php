<?php

declare(strict_types=1);

namespace Engagespot\Exception;

/**
 * Implemented by every exception this package throws. `getCode()` is the
 * core's numeric code (the C `es_status`), `getErrorName()` its stable name.
 */
interface EngagespotTokenException extends \Throwable
{
    /** The stable error name shared with C and Node, e.g. "ES_KEY_IS_PUBLIC". */
    public function getErrorName(): string;
}
