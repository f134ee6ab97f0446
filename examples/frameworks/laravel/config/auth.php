<?php

return [
    'defaults' => ['guard' => 'web'],
    // FOR THE EXAMPLE ONLY (app/Providers/ExampleServiceProvider.php): HTTP Basic, any password.
    'guards' => ['web' => ['driver' => 'example-basic']],
];
