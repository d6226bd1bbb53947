'use strict';
// One clock for both emulators, so a test can move "now" (Cloudinary's stale-timestamp check and
// rate-limit windows, Consonance's changedSince and "today") without waiting.
function createClock() {
	let fixedMs = null;
	let offsetMs = 0;
	return {
		now() {
			return fixedMs !== null ? fixedMs : Date.now() + offsetMs;
		},
		nowSeconds() {
			return Math.floor(this.now() / 1000);
		},
		/** Freeze the clock at `ms` (epoch milliseconds); null unfreezes it. */
		set(ms) {
			fixedMs = ms === null || ms === undefined ? null : Number(ms);
		},
		/** Let time run, shifted by `ms` from the real clock. */
		setOffset(ms) {
			fixedMs = null;
			offsetMs = Number(ms) || 0;
		},
		advance(ms) {
			if (fixedMs !== null) fixedMs += Number(ms);
			else offsetMs += Number(ms);
		},
		reset() {
			fixedMs = null;
			offsetMs = 0;
		},
		describe() {
			return { now: new Date(this.now()).toISOString(), frozen: fixedMs !== null, offsetMs };
		},
	};
}

module.exports = { createClock };
