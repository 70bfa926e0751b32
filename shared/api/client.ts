import type { Api, Input, Method, Output } from './contract.ts';
import { ApiError, type Envelope, isApiErrorData } from './errors.ts';

/** A transport sends one call and resolves with the envelope the binding returned. */
export type Transport = (method: Method, input: unknown) => Promise<Envelope<unknown>>;

/** Turns a transport into the typed API; failures become ApiError with the binding's Chinese message. */
export function createApi(transport: Transport): Api {
  return {
    async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      const env = await transport(method, input);
      if (env.ok) return env.value as Output<M>;
      if (isApiErrorData(env.error)) throw ApiError.fromData(env.error);
      throw new ApiError('internal', '程序内部错误');
    },
  };
}
