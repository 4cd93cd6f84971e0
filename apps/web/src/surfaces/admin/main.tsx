import { mount } from '../../ui/mount.js';
import { AdminApp } from './admin-app.js';

mount(<AdminApp />);
