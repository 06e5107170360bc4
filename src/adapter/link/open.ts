/** Opens the CTI link the URL's scheme names (link.ts): ws/wss → JSON, ami → Asterisk AMI, csta-xml → ECMA-323 over TCP. */
import { LinkFailure } from '../errors.ts';
import { AmiCtiLink } from './ami/ami-link.ts';
import { JsonCtiLink } from './cti-link.ts';
import { CstaXmlLink } from './csta-xml/link.ts';
import type { CtiLink, CtiLinkOptions } from './link.ts';

export function openCtiLink(options: CtiLinkOptions): Promise<CtiLink> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(options.url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'ws':
    case 'wss':
      return JsonCtiLink.open(options);
    case 'ami':
      return AmiCtiLink.open(options);
    case 'csta-xml':
      return CstaXmlLink.open(options);
    default:
      return Promise.reject(
        new LinkFailure('unreachable', { reason: `the reference adapter has no CTI link for ${scheme === undefined ? 'this URL' : `${scheme}://`} URLs` }),
      );
  }
}
