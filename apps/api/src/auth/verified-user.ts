declare const verifiedBrand: unique symbol;

/**
 * A user id taken from a token whose signature and claims were verified. Data functions
 * accept only this type, so passing an id from a path, a query or a body fails to compile.
 * The one place that creates it is the token verifier.
 */
export type VerifiedUserId = string & { readonly [verifiedBrand]: true };
