/** Store ids and SKUs: short, URL- and key-safe. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
export const ID_RULE = '$property must be 1-64 characters of A-Z a-z 0-9 . _ : -';
