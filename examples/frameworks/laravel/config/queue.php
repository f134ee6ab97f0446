<?php

// Artisan's queue commands need a connection; the example queues nothing.
return ['default' => 'sync', 'connections' => ['sync' => ['driver' => 'sync']]];
