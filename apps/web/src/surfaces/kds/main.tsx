import { mount } from '../../ui/mount.js';
import { KdsApp } from './kds-app.js';

mount(<KdsApp />);
