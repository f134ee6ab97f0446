/** @type {import('next').NextConfig} */
const nextConfig = {
  // The package loads a native addon: Next must require it at run time, not bundle it.
  serverExternalPackages: ['engagespot-token'],
};
export default nextConfig;
