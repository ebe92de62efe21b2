import { stopSystem } from './system-process';

export default stopSystem;
