// Prints the path of every native addon that require('engagespot-token') loaded, one a line.
require('engagespot-token');
for (const file of Object.keys(require.cache)) if (file.endsWith('.node')) console.log(file);
