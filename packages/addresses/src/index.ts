export { reverseDemoAddress, searchDemoAddresses, startAddressSearchPeer } from './address-search-peer.ts';
