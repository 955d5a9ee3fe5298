/** Keep in step with package.json's version. */
export const VERSION = '1.0.0';
