<?php

declare(strict_types=1);

namespace Engagespot\Exception;

/**
 * The signing key was rejected (missing, a path, public, encrypted, not RSA,
 * too small or large, malformed). The message says what to do.
 */
final class InvalidSigningKeyException extends InvalidArgumentException
{
}
