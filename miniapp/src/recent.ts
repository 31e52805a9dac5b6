const KEY = 'motcua.recent';
export interface TRecent { code: string; name: string }

export function recentProcedures(): TRecent[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as TRecent[];
    return Array.isArray(v) ? v.filter((x) => typeof x?.code === 'string' && typeof x?.name === 'string').slice(0, 5) : [];
  } catch {
    return [];
  }
}

export function rememberProcedure(p: TRecent): void {
  try {
    const list = [p, ...recentProcedures().filter((x) => x.code !== p.code)].slice(0, 5);
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // private mode: no history
  }
}
