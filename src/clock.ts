// "Now", injectable and freezable: the user-activity default window and the demo seed's reference
// instant depend on it, and contract tests need both to be reproducible.

export class Clock {
  private frozenAt: Date | undefined

  constructor (frozenAt?: Date | string) {
    if (frozenAt !== undefined) this.freeze(frozenAt)
  }

  now (): Date {
    return this.frozenAt !== undefined ? new Date(this.frozenAt.getTime()) : new Date()
  }

  freeze (at: Date | string): void {
    const date = at instanceof Date ? new Date(at.getTime()) : new Date(at)
    if (Number.isNaN(date.getTime())) throw new RangeError(`Cannot freeze the clock at ${String(at)}: not a date`)
    this.frozenAt = date
  }

  unfreeze (): void {
    this.frozenAt = undefined
  }

  get frozen (): string | null {
    return this.frozenAt?.toISOString() ?? null
  }
}

/** Midnight UTC of the day `at` falls in: the reference instant of the demo seed. */
export function utcMidnight (at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
}
