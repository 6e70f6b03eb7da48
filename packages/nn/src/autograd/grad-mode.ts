let enabled = true;

/** Whether ops are being recorded for autograd right now. */
export function isGradEnabled(): boolean {
  return enabled;
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const before = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = before;
  }
}

/** Runs `fn` without recording ops (inference, optimizer updates), as `torch.no_grad()`. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on, even inside `noGrad`. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}
