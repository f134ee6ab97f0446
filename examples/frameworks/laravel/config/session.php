<?php

// Laravel's response factory needs a session store; the example keeps no session
// (HTTP Basic on every request), so it is an in-memory one.
return ['driver' => 'array', 'lifetime' => 120, 'cookie' => 'example_session', 'path' => '/', 'domain' => null];
