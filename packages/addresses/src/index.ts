export { searchDemoAddresses, startAddressSearchPeer } from './address-search-peer.ts';
