import { describe, expect, it } from 'vitest';
import { createAdmission, type Refusal, type Ticket } from '../../../src/modules/ingest/admission.js';

function setup(maxRequests = 2, maxBytes = 100) {
  const refused: Refusal[] = [];
  const clock = { now: 0 };
  const admission = createAdmission(
    { maxRequests, maxBytes, targetLatencyMs: 1_000 },
    { changed: () => undefined, refused: (r) => refused.push(r) },
    () => clock.now,
  );
  const admit = (bytes: number): Ticket => {
    const ticket = admission.admit(bytes);
    if (typeof ticket === 'string') throw new Error(`refused: ${ticket}`);
    return ticket;
  };
  return { admission, admit, refused, clock };
}

describe('ingest admission', () => {
  it('refuses past the request bound and past the byte bound, and says which', () => {
    const { admission, admit, refused } = setup(2, 100);
    admit(60);
    expect(admission.admit(41)).toBe('bytes');
    admit(40);
    expect(admission.admit(0)).toBe('requests');
    expect(refused).toEqual(['bytes', 'requests']);
    expect(admission.state()).toMatchObject({ requests: 2, bytes: 100 });
  });

  it('frees a share once, when its last hold is released, however often release is called', () => {
    const { admission, admit } = setup();
    const ticket = admit(30);
    const handler = ticket.hold();
    ticket.release(); // the reply was cut off while the handler still commits
    ticket.release();
    expect(admission.state()).toMatchObject({ requests: 1, bytes: 30 });
    handler();
    handler();
    expect(admission.state()).toMatchObject({ requests: 0, bytes: 0 });
    ticket.hold()(); // a hold taken after the share was freed frees nothing more
    expect(admission.state()).toMatchObject({ requests: 0, bytes: 0 });
  });

  it('counts bytes past the declared length as they arrive, and refuses those that would pass the bound', () => {
    const { admission, admit } = setup(3, 100);
    const declared = admit(50);
    expect(declared.receive(50)).toBe(true);
    const chunked = admit(0);
    expect(chunked.receive(30)).toBe(true);
    expect(admission.state().bytes).toBe(80);
    expect(chunked.receive(21)).toBe(false);
    expect(admission.state().bytes).toBe(80);
    chunked.release();
    declared.release();
    expect(admission.state()).toMatchObject({ requests: 0, bytes: 0 });
  });

  it('lowers the request bound when work finishes late, but not for a slow upload', () => {
    const { admission, admit, clock } = setup(4, 100);
    const slowUpload = admit(10);
    clock.now += 60_000; // the client took a minute to send its body
    slowUpload.receive(10);
    slowUpload.bodyReceived();
    slowUpload.release();
    expect(admission.state().limit).toBe(4);

    const slowWork = admit(10);
    slowWork.receive(10);
    slowWork.bodyReceived();
    clock.now += 5_000; // its commit took 5 s
    slowWork.release();
    expect(admission.state().limit).toBe(3);
  });
});
