import { type Api, createApi, type Tokens } from '../../ui/api.js';

/**
 * Runs one request as a manager who approves it at the terminal: signs them in on a private
 * client (the terminal's own sign-in is untouched), makes the request with their token, so it
 * is recorded as theirs, then ends that sign-in whatever happened.
 */
export async function asManager<T>(
  credentials: { email: string; password: string },
  request: (api: Api) => Promise<T>,
): Promise<{ result: T; manager: Tokens['user'] }> {
  let tokens: Tokens | null = null;
  const api = createApi({
    get: () => tokens,
    set: (next) => {
      tokens = next;
    },
  });
  const { user } = await api.login(credentials);
  try {
    return { result: await request(api), manager: user };
  } finally {
    api.logout();
  }
}
