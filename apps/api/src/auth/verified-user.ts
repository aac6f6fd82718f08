declare const verifiedBrand: unique symbol;

/** A user id from a verified token: data functions take only this, so a path's id fails to compile. */
export type VerifiedUserId = string & { readonly [verifiedBrand]: true };
