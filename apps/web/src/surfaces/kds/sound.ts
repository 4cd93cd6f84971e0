let context: AudioContext | null = null;

/** Browsers allow audio only after a gesture: call from a click (sign-in, station choice). */
export function enableSound() {
  try {
    context ??= new AudioContext();
    void context.resume();
  } catch {
    context = null;
  }
  return context !== null;
}

/** A short two-tone chime for a new ticket. */
export function chime() {
  const audio = context;
  if (audio?.state !== 'running') return;
  const now = audio.currentTime;
  for (const [offset, frequency] of [
    [0, 880],
    [0.18, 1320],
  ] as const) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, now + offset);
    gain.gain.exponentialRampToValueAtTime(0.3, now + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.16);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(now + offset);
    oscillator.stop(now + offset + 0.17);
  }
}
