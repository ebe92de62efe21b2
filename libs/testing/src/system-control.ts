// The client lives with the control port it drives, where the fault runner (faults/) loads it too.
export { SystemControl, type AppName, type ServiceName } from '../../../tools/start/control-client';
