import { mount } from '../../ui/mount.js';
import { PlatformApp } from './platform-app.js';

mount(<PlatformApp />);
