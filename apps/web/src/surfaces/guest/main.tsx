import { mount } from '../../ui/mount.js';
import { GuestApp } from './guest-app.js';

mount(<GuestApp />);
