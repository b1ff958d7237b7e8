import type { SecretBox } from '../../../lib/secret-box/index.js';
import { channelTargetSchema, type ChannelTarget } from './targets.js';

/**
 * A channel's whole target (URL, signing secrets, routing key) is sealed as one value, not field
 * by field: a Slack URL is its own credential and any receiver may put a token in its URL, so
 * sealing everything leaves no field to misjudge, now or when a channel type gains one. The
 * associated data names the channel, so a target copied to another channel's row does not open.
 */
export const targetContext = (channelId: string) => `alert_channels.sealed_target[${channelId}]`;

/** A row whose target was stored before sealing, not yet sealed by a start-up or a rotation. */
export class UnsealedTargetError extends Error {
  constructor(channelId: string) {
    super(
      `${targetContext(channelId)}: the target is still in plain text; start the service or run \`modelwatch secrets rotate\` to seal it`,
    );
    this.name = 'UnsealedTargetError';
  }
}

export function createTargetSealer(box: SecretBox) {
  return {
    seal: (channelId: string, target: ChannelTarget): string =>
      box.seal(JSON.stringify(target), targetContext(channelId)),

    /** Throws SecretBoxError (naming the key id) when the target does not open. */
    open(channelId: string, sealed: string | null): ChannelTarget {
      if (sealed === null) throw new UnsealedTargetError(channelId);
      const parsed = channelTargetSchema.safeParse(JSON.parse(box.open(sealed, targetContext(channelId))));
      // Only our own code seals, so this is a bug; the issues would quote the secrets, so they stay out.
      if (!parsed.success)
        throw new Error(`${targetContext(channelId)}: the opened target is not a channel target`);
      return parsed.data;
    },

    keyIdOf: (sealed: string) => box.keyIdOf(sealed),
    get currentKeyId() {
      return box.currentKeyId;
    },
    get keyIds() {
      return box.keyIds;
    },
  };
}

export type TargetSealer = ReturnType<typeof createTargetSealer>;
