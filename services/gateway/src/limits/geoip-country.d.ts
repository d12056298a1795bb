/** The part of geoip-country's API the gateway uses (the package ships no types). */
declare module 'geoip-country' {
  export function lookup(ip: string): { country: string } | null;
}
