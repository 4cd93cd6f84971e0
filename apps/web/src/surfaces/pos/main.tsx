import { mount } from '../../ui/mount.js';
import { PosApp } from './pos-app.js';

mount(<PosApp />);
