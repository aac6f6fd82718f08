/** Before the app's code: zod's `new Function` probe is refused by the CSP (decision 011). */
import { config } from "zod";

config({ jitless: true });
