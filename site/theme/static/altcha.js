// The spam check the report and follow-up forms pass with JavaScript: Lookout's own functions
// hand out an ALTCHA v2 proof-of-work challenge (GET /api/challenge), this script finds its
// answer, and the form sends the answer in its `altcha` field. Nothing here talks to anyone
// but the site itself, and nothing here reads the form.
//
// Deterministic-counter challenges (the `altcha` crate 1.1's wire format): the key for a
// counter is SHA-256, `cost` times, of salt ‖ nonce ‖ counter (a big-endian u32), cut to
// `keyLength` bytes; the answer is the first counter whose key (hex) starts with `keyPrefix`.
// crypto.subtle needs a secure context (HTTPS, or 127.0.0.1 for `lookout serve`); without it
// there is no answer and the form is sent without one (the functions store it unverified).
(function (root) {
  "use strict";
  var MAX_COUNTER = 10000000;

  function fromHex(hex) {
    var bytes = new Uint8Array(hex.length / 2);
    for (var i = 0; i < bytes.length; i++) {
      bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
    }
    return bytes;
  }

  function toHex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return out;
  }

  /** The key (hex) for `counter`; `input` is salt ‖ nonce ‖ 4 bytes, reused between calls. */
  async function keyFor(p, input, view, counter) {
    view.setUint32(input.length - 4, counter);
    var data = input;
    for (var i = 0; i < Math.max(1, p.cost); i++) {
      data = new Uint8Array(await root.crypto.subtle.digest("SHA-256", data));
    }
    return toHex(data.subarray(0, p.keyLength));
  }

  /**
   * Solves `challenge` ({parameters, signature}, as the endpoint sends it) and resolves to
   * the `altcha` field's value: base64 of {challenge, solution: {counter, derivedKey, time}}.
   * Rejects when it cannot (an algorithm it does not know, no crypto.subtle, `signal`
   * aborted, or no counter up to the limit).
   */
  async function solve(challenge, signal) {
    var p = challenge && challenge.parameters;
    if (!p || p.algorithm !== "SHA-256" || !root.crypto || !root.crypto.subtle) {
      throw new Error("cannot solve this challenge here");
    }
    var salt = fromHex(p.salt);
    var nonce = fromHex(p.nonce);
    var input = new Uint8Array(salt.length + nonce.length + 4);
    input.set(salt);
    input.set(nonce, salt.length);
    var view = new DataView(input.buffer);
    var prefix = String(p.keyPrefix).toLowerCase();
    var started = Date.now();
    for (var counter = 0; counter <= MAX_COUNTER; counter++) {
      if (signal && signal.aborted) {
        throw new Error("aborted");
      }
      var key = await keyFor(p, input, view, counter);
      if (key.lastIndexOf(prefix, 0) === 0) {
        var solution = { counter: counter, derivedKey: key, time: Date.now() - started };
        var payload = { challenge: { parameters: p, signature: challenge.signature }, solution: solution };
        return root.btoa(JSON.stringify(payload));
      }
    }
    throw new Error("no answer up to the limit");
  }

  /** When the challenge stops being accepted, in ms since the epoch (its signed `data.exp`). */
  function expiresAt(challenge) {
    var exp = challenge && challenge.parameters && challenge.parameters.data && challenge.parameters.data.exp;
    return typeof exp === "number" ? exp * 1000 : Infinity;
  }

  root.LookoutAltcha = { solve: solve, expiresAt: expiresAt };
})(typeof window !== "undefined" ? window : globalThis);
